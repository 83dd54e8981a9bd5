// Guide: docs/coming-from-keras.md. keras.io's "Simple MNIST convnet", line by line in kerasm,
// with the Python it translates above each statement (on Fashion-MNIST, a slice of it by default).
// Usage: node examples/guides/coming_from_keras.mjs [--samples 2000] [--epochs 2]

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const samples = arg('samples', 2000), epochs = arg('epochs', 2);

// --- data
// import keras; from keras import layers; import numpy as np
import { Sequential, input, layers, datasets, utils, tidy, div, expandDims, slice, scalar } from 'kerasm';

// (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
const { train, test } = await datasets.fashionMnist.load();
// x_train = np.expand_dims(x_train.astype("float32") / 255, -1)   # (60000, 28, 28, 1)
const scale = (images, n) => tidy(() => expandDims(div(slice(images, [0, 0, 0], [n, 28, 28]), scalar(255)), -1));
const xTrain = scale(train.images, samples), xTest = scale(test.images, 1000);
// y_train = keras.utils.to_categorical(y_train, num_classes)
const yTrain = utils.toCategorical(slice(train.labels, [0], [samples]), 10);
const yTest = utils.toCategorical(slice(test.labels, [0], [1000]), 10);
console.log(xTrain.shape, yTrain.shape); // [ 2000, 28, 28, 1 ] [ 2000, 10 ]
// --- end data

// --- model
// model = keras.Sequential([
//     keras.Input(shape=(28, 28, 1)),
//     layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
//     layers.MaxPooling2D(pool_size=(2, 2)),
//     layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
//     layers.MaxPooling2D(pool_size=(2, 2)),
//     layers.Flatten(),
//     layers.Dropout(0.5),
//     layers.Dense(num_classes, activation="softmax"),
// ])
const model = new Sequential([
  input({ shape: [28, 28, 1] }),
  layers.conv2d({ filters: 32, kernelSize: [3, 3], activation: 'relu' }),
  layers.maxPooling2d({ poolSize: [2, 2] }),
  layers.conv2d({ filters: 64, kernelSize: [3, 3], activation: 'relu' }),
  layers.maxPooling2d({ poolSize: [2, 2] }),
  layers.flatten(),
  layers.dropout({ rate: 0.5 }),
  layers.dense({ units: 10, activation: 'softmax' }),
]);
// model.summary()
model.summary();
// --- end model

// --- train
// model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.compile({ loss: 'categorical_crossentropy', optimizer: 'adam', metrics: ['accuracy'] });
// model.fit(x_train, y_train, batch_size=128, epochs=15, validation_split=0.1)
await model.fit(xTrain, yTrain, { batchSize: 128, epochs, validationSplit: 0.1 });
// score = model.evaluate(x_test, y_test, verbose=0)
const score = await model.evaluate(xTest, yTest, { verbose: 0 });
// print("Test accuracy:", score[1])
console.log('Test accuracy:', score[1]);
// --- end train
